import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './app-i18n';
import { useAuthStore } from './features/auth/auth.store';
import { createAppRouter } from './router';
import './shared/styles/main.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(createAppRouter(useAuthStore(pinia)));
document.documentElement.lang = i18n.global.locale.value;
app.mount('#app');
