// `pnpm db:seed`: a realistic demo cabinet, safe to run again (fixed ids, upserts).
import { envNodeEnv, envUrl, loadConfig, loadConfigOrExit, z } from '@carrot-bridge/config';
import { createPrismaClient } from '@carrot-bridge/db';
import { DEMO } from './demo-account';

// loadConfigOrExit: reads .env like every entry point, and a missing DATABASE_URL is one line, not a trace.
const config = loadConfigOrExit('db:seed', (env) =>
  loadConfig(
    z.object({ DATABASE_URL: envUrl(['postgres', 'postgresql']), NODE_ENV: envNodeEnv.default('development') }),
    env,
  ),
);
// The demo account has fixed, published ids: in production it would be an account anyone reading this
// repository can name (and the demo's API calls target it). Never seeded there.
if (config.NODE_ENV === 'production') {
  console.error('db:seed: refused in production (NODE_ENV=production): the demo account has fixed, public ids');
  process.exit(1);
}
const db = createPrismaClient({ url: config.DATABASE_URL, poolSize: 2 });

const accountId = DEMO.accountId;
const now = Date.now();
const minutesAgo = (m: number) => new Date(now - m * 60_000);

try {
  await db.$transaction(async (tx) => {
    await tx.account.upsert({
      where: { id: accountId },
      create: { id: accountId, name: 'Демо: интернет-магазин' },
      update: { name: 'Демо: интернет-магазин' },
    });

    for (const site of DEMO.sites) {
      await tx.site.upsert({ where: { id: site.id }, create: { ...site, accountId }, update: { domain: site.domain } });
    }
    for (const campaign of DEMO.campaigns) {
      await tx.campaign.upsert({
        where: { id: campaign.id },
        create: { ...campaign, accountId },
        update: { name: campaign.name },
      });
    }
    for (const source of DEMO.sources) {
      await tx.source.upsert({
        where: { id: source.id },
        create: { ...source, accountId },
        update: { name: source.name, group: source.group, channel: source.channel },
      });
    }
    for (const employee of DEMO.employees) {
      await tx.employee.upsert({
        where: { id: employee.id },
        create: { ...employee, accountId },
        update: { name: employee.name },
      });
    }
    for (const tag of DEMO.tags) {
      await tx.tag.upsert({ where: { id: tag.id }, create: { ...tag, accountId }, update: { name: tag.name } });
    }
    for (const { startedMinutesAgo, ...session } of DEMO.sessions) {
      const data = { ...session, accountId, startedAt: minutesAgo(startedMinutesAgo) };
      await tx.visitorSession.upsert({ where: { id: session.id }, create: data, update: data });
    }
  });
  const counts = {
    sites: await db.site.count({ where: { accountId } }),
    campaigns: await db.campaign.count({ where: { accountId } }),
    sources: await db.source.count({ where: { accountId } }),
    employees: await db.employee.count({ where: { accountId } }),
    tags: await db.tag.count({ where: { accountId } }),
    sessions: await db.visitorSession.count({ where: { accountId } }),
  };
  console.log(`db:seed: demo account ${accountId} ready`, counts);
} finally {
  await db.$disconnect();
}
