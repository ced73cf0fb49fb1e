import { type JifenClient, type components, unwrap } from '@jifen/sdk';
import { onMounted, ref } from 'vue';
import { messageOf, screenClient } from './api';

export type User = components['schemas']['UserDto'];
export type Role = User['roles'][number]['role'];

/**
 * A screen's session: the client, the signed-in user (null: show the login), and the grant
 * of the role the screen is for (the clerk's village, the resident's household).
 */
export function useSession(screen: string, role: Role) {
  const user = ref<User | null>(null);
  const checking = ref(true);
  const loginError = ref('');
  const client: JifenClient = screenClient(screen, () => (user.value = null));
  const grant = () => user.value?.roles.find((g) => g.role === role);

  async function loadUser(): Promise<void> {
    const me = unwrap(await client.GET('/v1/users/me'));
    if (!me.roles.some((g) => g.role === role)) {
      await client.logout().catch(() => undefined);
      throw new Error('role');
    }
    user.value = me;
  }

  async function login(username: string, password: string): Promise<void> {
    loginError.value = '';
    try {
      await client.login(username, password);
      await loadUser();
    } catch (error) {
      loginError.value = error instanceof Error && error.message === 'role' ? '这个账号不能使用本页面' : messageOf(error);
    }
  }

  async function logout(): Promise<void> {
    await client.logout().catch(() => undefined);
    user.value = null;
  }

  onMounted(async () => {
    try {
      if (await client.getSession()) await loadUser();
    } catch {
      user.value = null;
    } finally {
      checking.value = false;
    }
  });

  return { client, user, checking, loginError, grant, login, logout };
}
