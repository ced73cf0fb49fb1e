import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PUBLIC_KEY, ROLES_KEY } from '../../src/core/identity/decorators';
import { Role } from '../../src/core/identity/roles';

export interface RouteInfo {
  method: string;
  path: string;
  controller: string;
  handler: string;
  roles: Role[] | undefined;
  isPublic: boolean;
}

const join = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;

/** A Fastify path as the OpenAPI document writes it: `/v1/x/:id/items::bulk` → `/v1/x/{id}/items:bulk`. */
export const openApiPath = (path: string): string => path.replace(/::/g, '\u0001').replace(/:(\w+)/g, '{$1}').replace(/\u0001/g, ':');

/** Every route the app's controllers register, with its access metadata. */
export function listRoutes(app: NestFastifyApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { new (): object; name: string } | null;
      if (!controller || typeof controller !== 'function') continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        const roles = (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, controller)) as Role[] | undefined;
        const isPublic = (Reflect.getMetadata(PUBLIC_KEY, handler) ?? Reflect.getMetadata(PUBLIC_KEY, controller)) === true;
        routes.push({
          method: RequestMethod[method],
          path: join(String(base ?? ''), String(path)),
          controller: controller.name,
          handler: name,
          roles,
          isPublic,
        });
      }
    }
  }
  return routes;
}
