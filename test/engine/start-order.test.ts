import { StartOrder } from '../../src/engine/start-order';

const all = (order: StartOrder) => {
  const taken: number[] = [];
  for (let index = order.next(); index !== undefined; index = order.next()) taken.push(index);
  return taken;
};

test('one lane starts the files in discovery order, whatever their sizes', () => {
  expect(all(new StartOrder([10, 50, 20, 40], 1, 0))).toEqual([0, 1, 2, 3]);
});

test('several lanes start the largest first, ties in discovery order', () => {
  expect(all(new StartOrder([10, 50, 20, 50, 40], 2, 100))).toEqual([1, 3, 4, 2, 0]);
});

test('reports waiting past the budget turn the lanes to the earliest file not started, and back once they have left', () => {
  const order = new StartOrder([10, 20, 30, 40, 50, 60, 70], 2, 100);
  expect([order.next(), order.next()]).toEqual([6, 5]);
  // File 6 done while 0 has not started: its report waits, within the budget.
  order.held(6, 70);
  expect(order.next()).toBe(4);
  // 130 bytes wait for file 0: it goes next, then the earliest still to start.
  order.held(5, 60);
  expect([order.next(), order.next()]).toEqual([0, 1]);
  // Files 0 and 1 done, 6 and 5 have left: largest first again (3, not the earliest, 2).
  order.released(6);
  order.released(5);
  expect([order.next(), order.next(), order.next()]).toEqual([3, 2, undefined]);
});

test('a report that holds nothing does not count against the budget', () => {
  const order = new StartOrder([10, 20, 30], 2, 5);
  expect(order.next()).toBe(2);
  order.held(2, 0);
  expect(order.next()).toBe(1);
});
