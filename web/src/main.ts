// First: zod must not probe for eval under the page's Content-Security-Policy (zodConfig.ts).
import './zodConfig.ts';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n } from './i18n/index.ts';
import { createAppRouter } from './router.ts';
// The Korean web font (variable weight): its @font-face rules are split by unicode-range, so a
// page downloads only the glyph files its text needs, and Korean never depends on the machine.
import '@fontsource-variable/noto-sans-kr';
import './styles/base.css';
import { rememberTestHooksFlag } from './voice/testHooks.ts';

rememberTestHooksFlag();

const i18n = createAppI18n();
document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(createPinia()).use(i18n).use(createAppRouter()).mount('#app');
