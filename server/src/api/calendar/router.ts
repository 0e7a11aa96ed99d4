import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, withDomain } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import {
  calendarDto,
  createCalendar,
  deleteCalendar,
  findWritableCalendar,
  listCalendars,
  updateCalendar,
} from '../../domain/calendar/calendars';
import { EventDto, eventDtos } from '../../domain/calendar/event-dto';
import { listEvents } from '../../domain/calendar/event-list';
import { createEvent, deleteEvent, findVisibleEvent, updateEvent } from '../../domain/calendar/events';
import type { CalendarEvent } from '../../domain/calendar/model';
import type { DomainContext } from '../../domain/context';
import {
  calendarCreateBody,
  calendarListQuery,
  calendarOut,
  calendarPageOut,
  calendarPatchBody,
  eventCreateBody,
  eventListQuery,
  eventOut,
  eventPageOut,
  eventPatchBody,
} from './schemas';

const tag = 'calendar';

/** Personal and team calendars and their events (/calendars, /events). */
export function calendarRouter(): Router {
  const router = Router();
  router.use(['/calendars', '/events'], requireActor);
  mountCalendars(router);
  mountEvents(router);
  return router;
}

function mountCalendars(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/calendars',
    tag,
    summary: 'Calendars you can see (creates your personal calendar on first use)',
    query: calendarListQuery,
    response: calendarPageOut,
  });
  router.get('/calendars', async (req, res) => {
    res.json(await listCalendars(actorOf(req), parseQuery(calendarListQuery, req)));
  });

  documentRoute({
    method: 'post',
    path: '/calendars',
    tag,
    summary: 'Create a personal or team calendar',
    body: calendarCreateBody,
    response: calendarOut,
    status: 201,
  });
  router.post('/calendars', async (req, res) => {
    const input = parseBody(calendarCreateBody, req);
    res.status(201).json(await withDomain(req, async (ctx) => calendarDto(await createCalendar(ctx, input))));
  });

  documentRoute({ method: 'get', path: '/calendars/:id', tag, summary: 'Get a calendar', response: calendarOut });
  router.get('/calendars/:id', async (req, res) => {
    res.json(calendarDto(await findWritableCalendar(actorOf(req), parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/calendars/:id',
    tag,
    summary: 'Rename or recolor a calendar',
    body: calendarPatchBody,
    response: calendarOut,
  });
  router.patch('/calendars/:id', async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(calendarPatchBody, req);
    res.json(await withDomain(req, async (ctx) => calendarDto(await updateCalendar(ctx, id, patch))));
  });

  documentRoute({
    method: 'delete',
    path: '/calendars/:id',
    tag,
    summary: 'Delete a calendar and its events',
    status: 204,
  });
  router.delete('/calendars/:id', async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteCalendar(ctx, id));
    res.status(204).end();
  });
}

async function respondEvent(ctx: DomainContext, event: CalendarEvent): Promise<EventDto> {
  const [dto] = await eventDtos(ctx.actor, [event], ctx.tx);
  return dto;
}

function mountEvents(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/events',
    tag,
    summary: 'Events overlapping a time range (recurring masters unexpanded)',
    query: eventListQuery,
    response: eventPageOut,
  });
  router.get('/events', async (req, res) => {
    res.json(await listEvents(actorOf(req), parseQuery(eventListQuery, req)));
  });

  documentRoute({
    method: 'post',
    path: '/events',
    tag,
    summary: 'Create an event or an overridden occurrence',
    body: eventCreateBody,
    response: eventOut,
    status: 201,
  });
  router.post('/events', async (req, res) => {
    const input = parseBody(eventCreateBody, req);
    res.status(201).json(await withDomain(req, async (ctx) => respondEvent(ctx, await createEvent(ctx, input))));
  });

  documentRoute({
    method: 'get',
    path: '/events/:id',
    tag,
    summary: 'Get an event (a busy block for private events of others)',
    response: eventOut,
  });
  router.get('/events/:id', async (req, res) => {
    const actor = actorOf(req);
    const [dto] = await eventDtos(actor, [await findVisibleEvent(actor, parseId(req))]);
    res.json(dto);
  });

  documentRoute({
    method: 'patch',
    path: '/events/:id',
    tag,
    summary: 'Change or move an event',
    body: eventPatchBody,
    response: eventOut,
  });
  router.patch('/events/:id', async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(eventPatchBody, req);
    res.json(await withDomain(req, async (ctx) => respondEvent(ctx, await updateEvent(ctx, id, patch))));
  });

  documentRoute({
    method: 'delete',
    path: '/events/:id',
    tag,
    summary: 'Delete an event (a master with its overridden occurrences)',
    status: 204,
  });
  router.delete('/events/:id', async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteEvent(ctx, id));
    res.status(204).end();
  });
}
