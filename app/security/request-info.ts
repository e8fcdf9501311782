import { createContext } from 'react-router';

/**
 * What the HTTP server (scripts/serve.ts) knows about a request that React Router's `Request` does not:
 * the client's address (for sign-in throttling) and the nonce the Content-Security-Policy allows
 * React Router's inline scripts by. Under `react-router dev` neither is set.
 */
export type RequestInfo = { clientAddress?: string; nonce?: string };

export const requestInfo = createContext<RequestInfo>({});
