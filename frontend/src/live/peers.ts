// One RTCPeerConnection per other participant, negotiated with the "perfect negotiation"
// pattern (W3C WebRTC examples): both sides may offer at any time; on a collision the polite
// side (the candidate; between two interviewers, the greater id) rolls back and answers, the
// impolite side ignores the other's offer.

export interface Who { participant_id: string; role: 'candidate' | 'interviewer'; name?: string }

/** Whether `me` yields to `other` when both offer at once. */
export function isPolite(me: Who, other: Who): boolean {
  if (me.role !== other.role) return me.role === 'candidate';
  return me.participant_id > other.participant_id;
}

/** Whether an incoming offer collides with ours and is to be ignored (impolite side only). */
export function ignoreOffer(s: { polite: boolean; makingOffer: boolean; signalingState: RTCSignalingState; settingRemoteAnswer: boolean }): boolean {
  const ready = !s.makingOffer && (s.signalingState === 'stable' || s.settingRemoteAnswer);
  return !ready && !s.polite;
}

/** How long a connection may take to come up before its negotiation is started again. */
export const STALL_MS = 12_000;

/** A connection that is not up (nor closed) after STALL_MS gets a new negotiation. */
export function stalled(state: RTCPeerConnectionState): boolean {
  return state === 'new' || state === 'connecting' || state === 'failed' || state === 'disconnected';
}

export type Send = (frame: { type: 'offer' | 'answer' | 'ice'; to: string; payload: Record<string, unknown> }) => boolean;

/** A peer connection to one other participant. */
export class Peer {
  readonly pc: RTCPeerConnection;
  private makingOffer = false;
  private ignoring = false;
  private settingRemoteAnswer = false;
  readonly polite: boolean;
  remote: MediaStream | null = null;

  constructor(readonly me: Who, readonly other: Who, iceServers: RTCIceServer[], local: MediaStream | null, private readonly send: Send, private readonly onTrack: (stream: MediaStream) => void) {
    this.polite = isPolite(me, other);
    this.pc = new RTCPeerConnection({ iceServers });
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.send({ type: 'ice', to: other.participant_id, payload: { candidate: candidate.toJSON() } });
    };
    this.pc.ontrack = ({ streams, track }) => {
      this.remote = streams[0] ?? this.remote ?? new MediaStream();
      if (!streams[0]) this.remote.addTrack(track);
      this.onTrack(this.remote);
    };
    this.pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await this.pc.setLocalDescription();
        const d = this.pc.localDescription;
        if (d) this.send({ type: 'offer', to: other.participant_id, payload: { description: { type: d.type, sdp: d.sdp } } });
      } catch { /* a later negotiation retries */ } finally {
        this.makingOffer = false;
      }
    };
    this.pc.oniceconnectionstatechange = () => { if (this.pc.iceConnectionState === 'failed') this.pc.restartIce(); };
    if (local) for (const track of local.getTracks()) this.pc.addTrack(track, local);
    // A negotiation lost on the way (a frame dropped with a reconnect) would leave the call
    // silent: until connected, a fresh ICE negotiation every STALL_MS (glare is handled above).
    this.watchdog = setInterval(() => {
      if (stalled(this.pc.connectionState)) this.pc.restartIce();
      else if (this.pc.connectionState === 'connected' || this.pc.connectionState === 'closed') this.stopWatchdog();
    }, STALL_MS);
  }

  private watchdog: ReturnType<typeof setInterval> | null = null;
  private stopWatchdog() { if (this.watchdog) clearInterval(this.watchdog); this.watchdog = null; }

  /** An offer, answer or ICE candidate from the other side. */
  async receive(type: 'offer' | 'answer' | 'ice', payload: Record<string, unknown>) {
    const pc = this.pc;
    if (type === 'ice') {
      try { await pc.addIceCandidate(payload.candidate as RTCIceCandidateInit); } catch (e) { if (!this.ignoring) throw e; }
      return;
    }
    const description = payload.description as RTCSessionDescriptionInit | undefined;
    if (!description) return;
    const isOffer = description.type === 'offer';
    this.ignoring = isOffer && ignoreOffer({ polite: this.polite, makingOffer: this.makingOffer, signalingState: pc.signalingState, settingRemoteAnswer: this.settingRemoteAnswer });
    if (this.ignoring) return;
    this.settingRemoteAnswer = description.type === 'answer';
    try { await pc.setRemoteDescription(description); } finally { this.settingRemoteAnswer = false; }
    if (isOffer) {
      await pc.setLocalDescription();
      const d = pc.localDescription;
      if (d) this.send({ type: 'answer', to: this.other.participant_id, payload: { description: { type: d.type, sdp: d.sdp } } });
    }
  }

  close() { this.stopWatchdog(); this.pc.close(); }
}

/** The room's peers, one per other participant, kept in step with the signalling frames. */
export class PeerMesh {
  private peers = new Map<string, Peer>();
  private me: Who | null = null;
  private ice: RTCIceServer[] = [];
  constructor(private local: MediaStream | null, private readonly send: Send, private readonly onChange: (remotes: { who: Who; stream: MediaStream | null }[]) => void) {}

  get all(): Peer[] { return [...this.peers.values()]; }

  /** The joined frame: our identity, the ICE servers and everyone already there (fresh connections). */
  joined(me: Who, iceServers: RTCIceServer[], others: Who[]) {
    this.me = me;
    this.ice = iceServers;
    for (const p of this.peers.values()) p.close();
    this.peers.clear();
    for (const o of others) this.add(o);
    this.changed();
  }

  /** Someone (re)joined: a fresh connection to them (theirs is fresh too). */
  arrived(who: Who) {
    this.peers.get(who.participant_id)?.close();
    this.add(who);
    this.changed();
  }

  left(id: string) {
    this.peers.get(id)?.close();
    this.peers.delete(id);
    this.changed();
  }

  async relay(type: 'offer' | 'answer' | 'ice', from: string, payload: Record<string, unknown>, who?: Who) {
    let peer = this.peers.get(from);
    if (!peer && type === 'offer') { peer = this.add(who ?? { participant_id: from, role: from === 'candidate' ? 'candidate' : 'interviewer' }); this.changed(); }
    await peer?.receive(type, payload).catch(() => undefined);
  }

  close() { for (const p of this.peers.values()) p.close(); this.peers.clear(); this.changed(); }

  private add(who: Who): Peer {
    const peer = new Peer(this.me as Who, who, this.ice, this.local, this.send, () => this.changed());
    this.peers.set(who.participant_id, peer);
    return peer;
  }

  private changed() { this.onChange(this.all.map((p) => ({ who: p.other, stream: p.remote }))); }
}

/** Inbound and outbound RTP of one connection, by kind (getStats). */
export async function rtpStats(pc: RTCPeerConnection): Promise<{ inbound: Record<string, number>; outbound: Record<string, number> }> {
  const inbound: Record<string, number> = {};
  const outbound: Record<string, number> = {};
  (await pc.getStats()).forEach((r: { type: string; kind?: string; bytesReceived?: number; bytesSent?: number }) => {
    if (r.type === 'inbound-rtp' && r.kind) inbound[r.kind] = (inbound[r.kind] ?? 0) + (r.bytesReceived ?? 0);
    if (r.type === 'outbound-rtp' && r.kind) outbound[r.kind] = (outbound[r.kind] ?? 0) + (r.bytesSent ?? 0);
  });
  return { inbound, outbound };
}
