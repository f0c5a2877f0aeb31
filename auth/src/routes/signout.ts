import { clearSession } from '@ticketing/common';
import { Router } from 'express';

export function signoutRouter(): Router {
  const router = Router();
  router.post('/api/users/signout', (req, res) => {
    clearSession(req);
    res.status(200).json({});
  });
  return router;
}
