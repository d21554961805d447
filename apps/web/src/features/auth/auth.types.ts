export interface Credentials {
  email: string;
  password: string;
}

/** POST /api/v1/auth/login answers this and also sets an httpOnly cookie session. */
export interface LoginResult {
  accessToken: string;
  expiresIn: number;
}
