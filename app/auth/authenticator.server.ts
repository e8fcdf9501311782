import { Authenticator } from 'remix-auth';
import { FormStrategy } from 'remix-auth-form';
import { getDb } from '~/db/client';
import { verifyCredentials } from '~/workflows/auth/credentials';
import type { Actor } from '~/workflows/policy/roles';

export const authenticator = new Authenticator<Actor>();

authenticator.use(
  new FormStrategy(async ({ form }) =>
    verifyCredentials({ db: getDb(), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') }),
  ),
  'form',
);
