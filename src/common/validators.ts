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
