/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
interface ImportMetaEnv {
  /** The API's origin when the app is served from elsewhere (npm run dev:web); default: the page's own. */
  readonly VITE_JIFEN_API?: string;
}
