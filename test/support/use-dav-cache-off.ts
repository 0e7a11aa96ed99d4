// The dav-uncached jest project (jest.config.js): the DAV suite on SQLite with AKTE_DAV_CACHE=off (dav/caches.ts).
process.env.AKTE_DAV_CACHE = 'off';
