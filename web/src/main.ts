import { type Component, createApp } from 'vue';
import 'vant/lib/index.css';
import './app.css';

/**
 * One page, three screens, each its own chunk: a counter PC loads the counter's code only.
 * The API answers index.html for every screen path, so the path picks the screen here.
 */
const screens: Record<string, { title: string; load: () => Promise<{ default: Component }> }> = {
  counter: { title: '柜台', load: () => import('./screens/CounterScreen.vue') },
  panel: { title: '评分', load: () => import('./screens/PanelScreen.vue') },
  me: { title: '我的积分', load: () => import('./screens/ResidentScreen.vue') },
};

const name = location.pathname.replace(/^\/app\/?/, '').split('/')[0];
const screen = screens[name];
if (screen) {
  document.title = `${screen.title} · 积分`;
  void screen.load().then((module) => createApp(module.default).mount('#app'));
} else {
  void import('./screens/HomeScreen.vue').then((module) => createApp(module.default).mount('#app'));
}
