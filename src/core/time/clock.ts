import { Injectable } from '@nestjs/common';

/** The time, injectable so that tests can move it (lockout windows, notice periods, expiry). */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Test support: shift the clock forward (or back) by some milliseconds. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
