// The console's API as both pages call it: JSON both ways, the browser's stored credentials for our own
// origin only, and every failure turned into an Error whose message a Russian-speaking user can read.

// The page speaks Russian whatever failed: the network, the server, or an English message from the API.
const HTTP_PROBLEMS = {
  400: 'запрос не понят сервером',
  401: 'нужно войти заново (обновите страницу)',
  403: 'запрос отклонён',
  404: 'не найдено (возможно, удалено)',
  409: 'уже выполняется',
  413: 'слишком большой запрос',
  422: 'проверьте поля формы',
  429: 'слишком много запросов, повторите позже',
  503: 'сервис временно недоступен, повторите позже',
};

function russianProblem(status, message) {
  if (message && /[а-яё]/i.test(message)) return message;
  return HTTP_PROBLEMS[status] || (status >= 500 ? 'ошибка на сервере (' + status + ')' : 'ошибка ' + status);
}

/** Set once the page is on its way to the sign-in page. */
let leaving = false;

/**
 * `method` `/api{path}` with `body` as JSON. Resolves to the answer's JSON (null for 204); rejects with
 * an Error that also carries `status` and the answer's `data` (its field errors, for a 422). A network
 * failure rejects with an Error without `status`.
 */
export function api(method, path, body) {
  return fetch('/api' + path, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  })
    .catch(() => {
      throw new Error('нет связи с консолью — проверьте сеть и что сервер запущен');
    })
    .then((response) => {
      if (response.status === 204) return null;
      return response
        .json()
        .catch(() => ({}))
        .then((data) => {
          // The session ended (signed out elsewhere, expired): the page goes to the sign-in page. Not for
          // the sign-in itself, whose 401 is a wrong password. Once: several requests refused together
          // would each start the navigation again and abort the one before.
          if (response.status === 401 && path !== '/session' && !leaving) {
            leaving = true;
            window.location.assign('/sign-in');
          }
          if (!response.ok) {
            const error = new Error(russianProblem(response.status, data.message));
            error.status = response.status;
            error.data = data;
            throw error;
          }
          return data;
        });
    });
}

/** The messages of a 422's field errors, in the API's order (none for any other failure). */
export function fieldMessages(error) {
  const fields = (error.data && error.data.errors) || [];
  return fields.map((f) => f.message);
}
