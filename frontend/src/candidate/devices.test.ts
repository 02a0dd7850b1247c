// Issue 12: camera and microphone pickers; the choice is remembered and opened exactly when picked.
import { describe, expect, it } from 'vitest';
import { cameraConstraints, saveDevices, savedDevices } from './media';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => { m.set(k, v); } };
}

describe('device choice', () => {
  it('is remembered in the browser, and a broken entry reads as no choice', () => {
    const store = memory();
    expect(savedDevices(store)).toEqual({ camera: undefined, mic: undefined });
    saveDevices({ camera: 'cam-2', mic: 'mic-3' }, store);
    expect(savedDevices(store)).toEqual({ camera: 'cam-2', mic: 'mic-3' });
    store.setItem('iv.devices', '{not json');
    expect(savedDevices(store)).toEqual({});
  });

  it('asks for the picked devices exactly, and for remembered ones only ideally (they may be gone)', () => {
    const picked = cameraConstraints({ camera: 'cam-2', mic: 'mic-3' }, true);
    expect(picked.video).toMatchObject({ deviceId: { exact: 'cam-2' } });
    expect(picked.audio).toMatchObject({ deviceId: { exact: 'mic-3' }, echoCancellation: true });
    expect(picked.video).not.toHaveProperty('facingMode');
    const remembered = cameraConstraints({ camera: 'cam-2' });
    expect(remembered.video).toMatchObject({ deviceId: { ideal: 'cam-2' } });
    expect(remembered.audio).not.toHaveProperty('deviceId');
    expect(cameraConstraints({}).video).toMatchObject({ facingMode: 'user' });
  });
});
