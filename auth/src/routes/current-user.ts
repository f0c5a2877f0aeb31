import { Router } from 'express';

/** Who the session says the caller is; a missing, bad or expired token is simply nobody. */
export function currentUserRouter(): Router {
  const router = Router();
  router.get('/api/users/currentuser', (req, res) => {
    res.status(200).json({ currentUser: req.currentUser ?? null });
  });
  return router;
}
