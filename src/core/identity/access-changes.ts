/**
 * What a change of users, grants, sessions or townships tells the guard's cache of who may
 * act, in the process that made the change (other processes hear the database's notification).
 * The auth module provides it; a feature that makes such a change injects it from here, so it
 * needs nothing of the login feature.
 */
export abstract class AccessChanges {
  /** Drops the cached access of these users and sessions (allUsers: a township's villages changed). Call after the commit. */
  abstract forget(change: { users?: string[]; sessions?: string[]; allUsers?: boolean }): void;
}
