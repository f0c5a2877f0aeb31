// Tests here start and talk to real servers; 30 s leaves room on a loaded 2-core machine.
jest.setTimeout(30_000);
