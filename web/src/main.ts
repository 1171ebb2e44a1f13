import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { createAppI18n } from './i18n/index.ts';
import { createAppRouter } from './router.ts';
import './styles/base.css';
import { rememberTestHooksFlag } from './voice/testHooks.ts';

rememberTestHooksFlag();

const i18n = createAppI18n();
document.documentElement.lang = i18n.global.locale.value;
createApp(App).use(createPinia()).use(i18n).use(createAppRouter()).mount('#app');
