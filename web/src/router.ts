// Routes. Pages that act need a session (a guest one is enough); the replay and analytics are
// public reads, and the audit page explains itself to those it is not for.
import { type RouteRecordRaw, type Router, createRouter, createWebHistory, type RouterHistory } from 'vue-router';
import { useSessionStore } from './stores/session.ts';

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/debates' },
  { path: '/sign-in', name: 'sign-in', component: () => import('./pages/AuthPage.vue'), props: { mode: 'sign-in' } },
  { path: '/sign-up', name: 'sign-up', component: () => import('./pages/AuthPage.vue'), props: { mode: 'sign-up' } },
  { path: '/guest', name: 'guest', component: () => import('./pages/AuthPage.vue'), props: { mode: 'guest' } },
  { path: '/debates', name: 'lobby', component: () => import('./pages/LobbyPage.vue') },
  { path: '/debates/new', name: 'new-debate', component: () => import('./pages/NewDebatePage.vue'), meta: { needsSession: true } },
  { path: '/debates/:id', name: 'room', component: () => import('./pages/RoomPage.vue'), props: true, meta: { needsSession: true } },
  { path: '/debates/:id/replay', name: 'replay', component: () => import('./pages/ReplayPage.vue'), props: true },
  { path: '/debates/:id/analytics', name: 'analytics', component: () => import('./pages/AnalyticsPage.vue'), props: true },
  { path: '/audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
];

export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) });
  router.beforeEach((to) => {
    if (to.meta.needsSession && !useSessionStore().signedIn) return { name: 'sign-in', query: { redirect: to.fullPath } };
    return true;
  });
  return router;
}
