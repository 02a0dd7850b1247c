"""Live interviews over WebRTC (issue 13): scheduling, signalling and ICE."""
