import { useEffect } from 'react';
import { href, isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration } from 'react-router';
import { formBodiesOnly } from '~/app/http/form-body.server';
import type { Route } from './+types/root';
import './app.css';

/** Runs before every loader and action, resource routes included. */
export const middleware: Route.MiddlewareFunction[] = [formBodiesOnly];

export const meta: Route.MetaFunction = () => [{ title: 'SPM Portal' }];

export const links: Route.LinksFunction = () => [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }];

export function Layout({ children }: { children: React.ReactNode }) {
  // Browser tests wait for this attribute so they never click before React is listening.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  let title = 'Something went wrong';
  let message = 'The portal could not complete this request. Nothing you entered was saved. Try again, or go back to the home page.';
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = 'Page not found';
      message = typeof error.data === 'string' && error.data ? error.data : 'There is no page at this address.';
    } else if (error.status === 403) {
      title = 'Not allowed';
      message = typeof error.data === 'string' ? error.data : 'You do not have access to this.';
    } else if (error.status < 500) {
      title = `${error.status} ${error.statusText}`;
      message = typeof error.data === 'string' ? error.data : message;
    }
  }
  // No stack traces to users: details stay in the server log.
  return (
    <main id="main" className="error-page">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to={href('/')}>Go to the home page</Link>
      </p>
    </main>
  );
}
