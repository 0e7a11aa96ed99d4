process.env.AKTE_TEST_DB = 'mariadb';
