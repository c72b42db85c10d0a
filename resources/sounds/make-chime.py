#!/usr/bin/env python3
"""Writes chime.wav: the hall board's two-tone call chime ("ding-dong"), 16-bit mono, 22 050 Hz.

Run once; the WAV is committed next to this script and embedded as a Qt resource by
apps/okno-board/CMakeLists.txt. Standard library only."""
import math
import os
import struct
import wave

RATE = 22050


def tone(freq, start, length, total):
    """A bell-like note: a fundamental with two soft partials and an exponential decay."""
    out = [0.0] * total
    first = int(start * RATE)
    for i in range(int(length * RATE)):
        t = i / RATE
        attack = min(1.0, t / 0.01)
        decay = math.exp(-3.2 * t)
        v = (math.sin(2 * math.pi * freq * t)
             + 0.35 * math.sin(2 * math.pi * 2 * freq * t)
             + 0.12 * math.sin(2 * math.pi * 3 * freq * t))
        if first + i < total:
            out[first + i] = v * attack * decay
    return out


def main():
    total = int(1.6 * RATE)
    ding = tone(659.25, 0.0, 1.0, total)  # E5
    dong = tone(523.25, 0.45, 1.15, total)  # C5
    samples = [a + b for a, b in zip(ding, dong)]
    peak = max(abs(s) for s in samples)
    with wave.open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "chime.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(s / peak * 0.8 * 32767)) for s in samples))


if __name__ == "__main__":
    main()
