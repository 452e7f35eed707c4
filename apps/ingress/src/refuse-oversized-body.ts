import type { NextFunction, Request, Response } from 'express';

/**
 * A declared Content-Length above the limit is refused before a byte of the body is read (the body
 * parser would read it all, at the sender's pace, before its own 413). The connection is closed
 * after the answer so the unread body is not drained either.
 */
export function refuseOversizedBody(limitBytes: number, refuse: (req: Request, res: Response) => void) {
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.get('content-length'));
    if (!Number.isFinite(declared) || declared <= limitBytes) return next();
    res.setHeader('Connection', 'close');
    res.once('finish', () => req.socket.destroySoon());
    refuse(req, res);
  };
}
