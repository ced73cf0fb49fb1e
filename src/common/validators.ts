import { ValidationOptions, registerDecorator } from 'class-validator';

function isTimeZone(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name this runtime knows (Asia/Shanghai, Asia/Urumqi, ...). */
export function IsTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be an IANA time zone such as Asia/Shanghai`, ...options },
      validator: { validate: isTimeZone },
    });
}

/** An array of numbers, each larger than the one before. */
export function IsStrictlyAscending(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isStrictlyAscending',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must be strictly ascending`, ...options },
      validator: { validate: (value: unknown) => Array.isArray(value) && value.every((v, i) => i === 0 || v > value[i - 1]) },
    });
}

/** C0 and C1 control characters and DEL; `multiline` lets line breaks and tabs through. */
const CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LINES = /(?![\t\n\r])\p{Cc}/u;

/** What @NoControlCharacters() refuses (for checks that run without class-validator). */
export const hasControlCharacters = (value: string, multiline = false): boolean => (multiline ? CONTROL_BUT_LINES : CONTROL).test(value);

/**
 * Text without control characters. They never belong in a name or a memo, and some of them
 * drive the shop's receipt printer (ESC/POS: ESC p opens the cash drawer, GS V cuts the
 * paper). Refused rather than stripped: the sender learns at once, and what is stored is
 * exactly what was sent (the receipt renderer strips them anyway, for older rows).
 */
export function NoControlCharacters(options: { multiline?: boolean } & ValidationOptions = {}): PropertyDecorator {
  const { multiline = false, ...validation } = options;
  return (target, propertyName) =>
    registerDecorator({
      name: 'noControlCharacters',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} must not contain control characters${multiline ? ' (line breaks and tabs are fine)' : ''}`, ...validation },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacters(value, multiline) },
    });
}
