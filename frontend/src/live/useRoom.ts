// The room engine wired for React: signalling, peers, the microphone streamer and the recorder,
// and the state the screens show (participants, question, captions, timer inputs).
import { useCallback, useEffect, useRef, useState } from 'react';
import { MicStreamer } from './audio';
import { PeerMesh, type Who } from './peers';
import { LiveRecorder } from './recorder';
import { applyTranscript, clockOffsetMs, NO_CAPTIONS, type Captions, type ShownQuestion, type TranscriptLine } from './session';
import { SignallingClient, type Frame, type SignalState } from './signalling';
import type { RecordingEndpoints } from './api';

export interface RoomOptions {
  url: () => string | Promise<string>;
  local: MediaStream | null;
  recordings: RecordingEndpoints;
  recordingKey: string;
  plannedSeconds: number;
}

export interface RoomView {
  signal: SignalState;
  error: { code: string; detail: string } | null;
  me: Who | null;
  remotes: { who: Who; stream: MediaStream | null }[];
  question: ShownQuestion | null;
  captions: Captions;
  startedAt: string | null;
  endsAt: string | null;
  offsetMs: number;
  ended: boolean;
  recording: 'off' | 'recording' | 'uploading' | 'uploaded' | 'failed';
}

const INITIAL: RoomView = { signal: 'connecting', error: null, me: null, remotes: [], question: null, captions: NO_CAPTIONS, startedAt: null, endsAt: null, offsetMs: 0, ended: false, recording: 'off' };

export function useRoom(opts: RoomOptions | null) {
  const [view, setView] = useState<RoomView>(INITIAL);
  const client = useRef<SignallingClient | null>(null);
  const recorder = useRef<LiveRecorder | null>(null);
  const finished = useRef<Promise<void> | null>(null);
  const patch = useCallback((p: Partial<RoomView> | ((v: RoomView) => Partial<RoomView>)) => setView((v) => ({ ...v, ...(typeof p === 'function' ? p(v) : p) })), []);

  const finishRecording = useCallback(() => {
    if (!finished.current && recorder.current) {
      const r = recorder.current;
      patch({ recording: 'uploading' });
      finished.current = r.finish().then(() => patch({ recording: 'uploaded' }), () => patch({ recording: 'failed' }));
    }
    return finished.current ?? Promise.resolve();
  }, [patch]);

  useEffect(() => {
    if (!opts) return;
    const { local } = opts;
    const send = (f: Frame) => c.send(f);
    const mesh = new PeerMesh(local, (f) => c.send(f), (remotes) => patch({ remotes }));
    const mic = new MicStreamer((f) => send(f));
    let startedRecording = false;
    const onFrame = (f: Frame) => {
      switch (f.type) {
        case 'joined': {
          const me = f.you as Who;
          mesh.joined(me, (f.ice_servers as RTCIceServer[]) ?? [], (f.participants as Who[]) ?? []);
          patch({ me, question: (f.question as ShownQuestion) ?? null, startedAt: (f.started_at as string) ?? null, endsAt: (f.ends_at as string) ?? null, offsetMs: clockOffsetMs(f.server_time as string, Date.now()), error: null });
          if (local) mic.start(local); // a new stream (seq from 0) on every connection
          if (!startedRecording && local) {
            startedRecording = true;
            const r = new LiveRecorder(opts.recordings, opts.recordingKey, opts.plannedSeconds);
            recorder.current = r;
            r.start(local).then(() => patch({ recording: 'recording' }), () => patch({ recording: 'failed' }));
          }
          break;
        }
        case 'participant_joined': mesh.arrived(f.participant as Who); break;
        case 'participant_left': mesh.left((f.participant as Who).participant_id); break;
        case 'offer': case 'answer': case 'ice':
          void mesh.relay(f.type, String(f.from), (f.payload as Record<string, unknown>) ?? {});
          break;
        case 'question': patch({ question: (f.question as ShownQuestion) ?? null }); break;
        case 'transcript': patch((v) => ({ captions: applyTranscript(v.captions, f.line as TranscriptLine) })); break;
        case 'ended': patch({ ended: true }); mic.stop(); mesh.close(); void finishRecording(); break;
        case 'error': patch({ error: { code: String(f.code), detail: String(f.detail ?? '') } }); break;
        default: break;
      }
    };
    const c = new SignallingClient({
      url: opts.url,
      onFrame,
      onState: (signal, detail) => {
        patch({ signal, ...(signal === 'closed' && detail?.code ? { error: { code: detail.code, detail: detail.detail ?? '' } } : {}) });
        if (signal === 'reconnecting') mic.stop();
      },
    });
    client.current = c;
    c.start();
    return () => {
      c.stop();
      mic.stop();
      mesh.close();
      client.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opts]);

  const send = useCallback((f: Frame) => client.current?.send(f) ?? false, []);
  /** Leaves the room (the interviewer's hang-up sends `end` first); the recording completes. */
  const leave = useCallback(async (end: boolean) => {
    if (end) client.current?.send({ type: 'end' });
    client.current?.stop();
    patch({ ended: true });
    await finishRecording();
  }, [finishRecording, patch]);

  return { view, send, leave };
}
