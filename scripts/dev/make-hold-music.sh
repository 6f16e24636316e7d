#!/usr/bin/env bash
# Regenerates packages/server/assets/hold-music.webm, the hold music the media server plays
# to a held party (docs/voice.md). Run once by a developer; the server only reads the file
# and never needs ffmpeg. Needs ffmpeg with libopus (Debian: apt-get install ffmpeg).
#
# What it is: 4 s that loop seamlessly — a soft 660 Hz tone with a quiet major third above
# it (825 Hz), swelling twice a second (tremolo). 660 Hz is the dominant frequency and
# nothing in it is near the parties' tones in the Chromium tests (440, 1000, 1800 Hz), so
# they can tell hold music from a party.
# Opus in WebM (werift's player reads WebM or MP4, not Ogg), 24 kb/s, 48 kHz, two channels
# (the same channels as the negotiated opus/48000/2: the player refuses others).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=packages/server/assets/hold-music.webm
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "sine=frequency=660:sample_rate=48000:duration=4" \
  -f lavfi -i "sine=frequency=825:sample_rate=48000:duration=4" \
  -filter_complex "[0]volume=0.6[a];[1]volume=0.15[b];[a][b]amix=inputs=2:normalize=0,tremolo=f=2:d=0.5" \
  -ac 2 -c:a libopus -b:a 24k -application audio \
  -map_metadata -1 -fflags +bitexact -flags:a +bitexact \
  "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
