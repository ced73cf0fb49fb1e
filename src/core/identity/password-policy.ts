import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, MinLength, registerDecorator } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

let common: Set<string> | undefined;

/** The shipped list (common-passwords.txt, beside this file and copied into dist), read once. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(join(__dirname, 'common-passwords.txt'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return common;
}

/** On the list of the 10,000 most common passwords, in any letter case. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}

function IsNotCommonPassword(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isNotCommonPassword',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `${String(propertyName)} is one of the 10,000 most common passwords; choose another` },
      validator: { validate: (value: unknown) => typeof value === 'string' && !isCommonPassword(value) },
    });
}

/** A new password: 10 to 200 characters and not a common one (400 validation_failed otherwise). */
export const PasswordField = ({ required = true, description = 'At least 10 characters, not one of the 10,000 most common passwords' } = {}) =>
  applyDecorators(
    (required ? ApiProperty : ApiPropertyOptional)({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, writeOnly: true, description }),
    ...(required ? [] : [IsOptional()]),
    IsString(),
    MinLength(PASSWORD_MIN_LENGTH),
    MaxLength(PASSWORD_MAX_LENGTH),
    IsNotCommonPassword(),
  );
