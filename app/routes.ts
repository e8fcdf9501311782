import { type RouteConfig, index, layout, route } from '@react-router/dev/routes';

export default [
  route('login', 'routes/login.tsx'),
  route('logout', 'routes/logout.ts'),
  route('healthz', 'routes/healthz.ts'),
  route('projects/:projectId/audit.csv', 'routes/project-audit-csv.ts'),
  layout('routes/app-layout.tsx', [
    index('routes/home.tsx'),
    route('projects', 'routes/projects.tsx'),
    route('projects/new', 'routes/project-new.tsx'),
    route('projects/:projectId', 'routes/project.tsx'),
    route('projects/:projectId/phases/:phaseId', 'routes/phase.tsx'),
    route('projects/:projectId/members', 'routes/project-members.tsx'),
    route('projects/:projectId/audit', 'routes/project-audit.tsx'),
    route('admin/people', 'routes/admin-people.tsx'),
    route('admin/people/new', 'routes/admin-person-new.tsx'),
    route('admin/people/:userId', 'routes/admin-person.tsx'),
    route('admin/audit', 'routes/admin-audit.tsx'),
    route('*', 'routes/not-found.tsx'),
  ]),
] satisfies RouteConfig;
