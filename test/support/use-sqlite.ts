process.env.AKTE_TEST_DB = 'sqlite';
