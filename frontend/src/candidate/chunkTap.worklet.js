// The AudioWorklet processor of the recorder's audio chunks (audioChunks.ts): hands the
// microphone's samples to the page, block by block. A file of its own, served from the app's
// origin: the page's CSP (script-src 'self') refuses a worklet from a blob: URL.
class ChunkTap extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel && channel.length) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor('chunk-tap', ChunkTap);
