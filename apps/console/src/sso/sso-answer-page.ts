// What a person sees when the cabinet's link does not sign them in: a short Russian page (no script, our
// stylesheet), never the reason's technical detail (that goes to the log) and never the token.
import { assertNever } from '@carrot-bridge/domain';
import type { CabinetSignInRefusalCode } from './cabinet-token';

const OPEN_AGAIN = 'Откройте интеграцию из кабинета ещё раз.';

export function refusalMessage(code: CabinetSignInRefusalCode): string {
  switch (code) {
    case 'expired':
      return `Ссылка для входа устарела. ${OPEN_AGAIN}`;
    case 'replayed':
      return `Эта ссылка для входа уже использована. ${OPEN_AGAIN}`;
    case 'malformed':
    case 'bad_signature':
    case 'algorithm_not_allowed':
    case 'claims_invalid':
      return `Ссылка для входа недействительна. ${OPEN_AGAIN}`;
    case 'unknown_account':
      return 'Аккаунт кабинета не подключён к этой консоли. Обратитесь в поддержку.';
    case 'person_disabled':
      return 'Ваш доступ к консоли отключён. Обратитесь к владельцу аккаунта.';
    default:
      return assertNever(code);
  }
}

/** The page; `message` is one of ours (fixed text), so it needs no escaping beyond what it has. */
export function ssoAnswerPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} — CarrotQuest: передача чатов</title>
  <link rel="stylesheet" href="/style.css">
  <link rel="stylesheet" href="/sign-in.css">
</head>
<body>
  <header><h1>CarrotQuest: передача чатов</h1></header>
  <main class="sign-in">
    <section>
      <h2>${title}</h2>
      <p>${message}</p>
      <p><a href="/sign-in">Войти по e-mail и паролю</a></p>
    </section>
  </main>
</body>
</html>
`;
}
