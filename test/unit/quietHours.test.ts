import { quietWindow } from '../../src/domain/quietHours';

describe('quietWindow', () => {
  const q = { tz: 'Asia/Seoul', from: '22:00', to: '08:00' };
  it('inside a window spanning midnight: ends at the next 08:00 local', () => {
    const w = quietWindow(q, new Date('2026-08-27T14:30:00Z')); // 23:30 KST
    expect(w).toEqual({ quiet: true, endsAt: new Date('2026-08-27T23:00:00Z') });
    const early = quietWindow(q, new Date('2026-08-27T20:00:00Z')); // 05:00 KST next day
    expect(early).toEqual({ quiet: true, endsAt: new Date('2026-08-27T23:00:00Z') });
  });
  it('outside the window, and no window at all', () => {
    expect(quietWindow(q, new Date('2026-08-27T03:00:00Z')).quiet).toBe(false); // 12:00 KST
    expect(quietWindow(undefined, new Date()).quiet).toBe(false);
  });
});
