// Each participant records their own stream and uploads it during the call (LIVE_SPEC.md):
// create the upload, start MediaRecorder at once (the server stamped `started_at` on create),
// hand parts to the resumable multipart uploader as they fill, complete after hang-up. The
// uploader keeps every chunk in IndexedDB until the API confirmed the upload, so a dropped
// connection or a reload resumes it (resumeLiveRecordings).
import { ApiError } from '../api';
import { createRecorder, pickFormat, expectedMaxBytes } from '../candidate/media';
import type { RecorderLike } from '../candidate/recording';
import { resumeUpload } from '../upload/resume';
import { uploadStore } from '../upload/idb';
import { AnswerUploader, type UploaderDeps } from '../upload/uploader';
import type { RecordingEndpoints, RecordingGrant } from './api';

/** MediaRecorder hands over a chunk this often (ms); the uploader cuts >= 5 MiB parts from them. */
export const TIMESLICE_MS = 1000;

/** The key the uploader persists a live recording's state under (not a credential). */
export const storeKey = (liveId: string, who: string) => `live:${liveId}:${who}`;

/** The uploader's dependencies for a live recording: its completion and renewal endpoints. */
export function liveUploaderDeps(endpoints: RecordingEndpoints): UploaderDeps {
  return {
    complete: async (_key, recordingId, parts) => { await endpoints.complete(recordingId, parts); return {} as never; },
    renew: async (_key, recordingId) => asAnswerGrant(await endpoints.renew(recordingId)),
  };
}

/** A recording grant in the shape the answer uploader reads. */
export function asAnswerGrant(g: RecordingGrant) {
  return { ...g, answer_id: g.recording_id, question_id: 'live', attempt: 1 };
}

export class LiveRecorder {
  private recorder: RecorderLike | null = null;
  private uploader: AnswerUploader | null = null;
  private stopped: Promise<void> | null = null;
  recordingId: string | null = null;

  constructor(private readonly endpoints: RecordingEndpoints, private readonly key: string, private readonly plannedSeconds: number,
    private readonly make: (stream: MediaStream, mimeType: string) => RecorderLike = (s, m) => createRecorder(s, { mimeType: m, contentType: m.startsWith('video/mp4') ? 'video/mp4' : 'video/webm' })) {}

  /** Creates the upload and starts recording at once; the chunks stream to S3 as parts fill. */
  async start(stream: MediaStream): Promise<void> {
    const format = pickFormat((t) => typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(t));
    if (!format) throw new ApiError(0, 'Recording', 'this browser cannot record video');
    const grant = await this.endpoints.create(format.contentType);
    if (grant.method !== 'MULTIPART' || !grant.parts.length) throw new ApiError(0, 'Upload', 'unexpected upload method');
    this.recordingId = grant.recording_id;
    const recorder = this.make(stream, format.mimeType);
    this.recorder = recorder;
    // Twice the planned length: a call that runs over must still fit the parts.
    const uploader = await AnswerUploader.start(this.key, asAnswerGrant(grant), { questionIndex: 0, contentType: format.contentType, expectedMaxBytes: expectedMaxBytes(this.plannedSeconds * 2) }, liveUploaderDeps(this.endpoints));
    this.uploader = uploader;
    recorder.ondataavailable = (e) => { if (e.data?.size) void uploader.addChunk(e.data); };
    this.stopped = new Promise<void>((resolve) => { recorder.onstop = () => resolve(); });
    recorder.start(TIMESLICE_MS);
  }

  /** Hang-up: the recorder stops, its last chunk goes, the upload completes (retried, resumable). */
  async finish(): Promise<void> {
    const recorder = this.recorder;
    const uploader = this.uploader;
    if (!recorder || !uploader) return;
    this.recorder = null;
    if (recorder.state !== 'inactive') {
      recorder.stop();
      await Promise.race([this.stopped, new Promise((r) => setTimeout(r, 3000))]);
    }
    await uploader.finishRecording();
    await uploader.done();
  }
}

/** Completes live recordings a closed page left unfinished (their chunks are in this browser). */
export async function resumeLiveRecordings(key: string, endpoints: RecordingEndpoints): Promise<number> {
  let states;
  try { states = await uploadStore.listStates(key); } catch { return 0; }
  let done = 0;
  for (const state of states) {
    const r = await resumeUpload(state, liveUploaderDeps(endpoints));
    if (r.outcome === 'confirmed') done++;
  }
  return done;
}
