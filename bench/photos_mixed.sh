#!/usr/bin/env bash
# Pretraining on a folder of real photos mixed with every kind of bad or odd file (made with ImageMagick's convert
# and the shell), in a 2 GB heap: each file trains or is named in skipped.tsv with its reason; nothing stops the run.
# Usage: bench/photos_mixed.sh [PHOTO_DIR]   (default /tmp/seer4j-photos/big48, from bench/photos_prepare.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=${1:-/tmp/seer4j-photos/big48}
CONVERT=${CONVERT:-/usr/bin/convert}
D=/tmp/seer4j-mixed
rm -rf "$D" /tmp/seer4j-mixed-run
mkdir -p "$D/ok" "$D/odd" "$D/locked"
cp "$SRC"/photo0[0-9].jpg "$D/ok/"
p="$SRC/photo10.jpg"
java -Xmx1g bench/BigJpeg.java "$D/odd/huge-12000x9000.jpg" 12000 9000
"$CONVERT" "$p" -colorspace CMYK "$D/odd/cmyk.jpg"
"$CONVERT" "$p" -resize 800x600 -depth 16 "$D/odd/rgb16.png"
"$CONVERT" "$p" -resize 800x600 -colors 64 "PNG8:$D/odd/palette.png"
"$CONVERT" "$p" -resize 800x600 -alpha set -channel A -evaluate set 50% "$D/odd/alpha.png"
"$CONVERT" "$p" -resize 800x600 -colorspace Gray "$D/odd/gray.jpg"
"$CONVERT" -delay 20 "$SRC/photo11.jpg" "$SRC/photo12.jpg" -resize 640x480 "$D/odd/animated.gif"
"$CONVERT" -size 1x1 xc:red "$D/odd/one-pixel.png"
head -c 200000 "$p" > "$D/odd/truncated.jpg"
echo "just text" > "$D/odd/text.jpg"
: > "$D/odd/empty.jpg"
cp "$SRC/photo13.jpg" "$D/odd/$(printf 'caf\351 latin1 name.jpg')"
ln -s .. "$D/odd/loop"
ln -s /nonexistent.jpg "$D/odd/dangling.jpg"
cp "$SRC/photo14.jpg" "$D/locked/"
chmod -R a+rX "$D"
chmod 000 "$D/locked"
# root reads a mode-000 folder anyway (then locked/ trains); as another user (below) it is unreadable
SEER4J_OPTS=${SEER4J_OPTS:--Xmx2g} /usr/bin/time -v ./seer4j pretrain --data "$D" --flops 50e6 --batch 11 --steps 2 \
  --crops 2x160+4x96 --out /tmp/seer4j-mixed-run > /tmp/seer4j-mixed-run.out 2> /tmp/seer4j-mixed-run.err || true
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
  # the same folder as user nobody, for whom locked/ cannot be listed
  rm -rf /tmp/seer4j-mixed-nobody && mkdir -p /tmp/seer4j-mixed-nobody && chown 65534 /tmp/seer4j-mixed-nobody
  setpriv --reuid 65534 --regid 65534 --clear-groups env HOME=/tmp SEER4J_OPTS=-Xmx2g ./seer4j pretrain --data "$D" \
    --flops 50e6 --batch 10 --steps 2 --crops 2x160+4x96 --out /tmp/seer4j-mixed-nobody/run \
    > /tmp/seer4j-mixed-nobody.out 2> /tmp/seer4j-mixed-nobody.err || true
  echo "--- as nobody: $(grep -c . /tmp/seer4j-mixed-nobody/run/skipped.tsv 2>/dev/null) lines; locked/:"
  grep -E 'locked' /tmp/seer4j-mixed-nobody/run/skipped.tsv || tail -3 /tmp/seer4j-mixed-nobody.err
fi
chmod 755 "$D/locked"
grep -E 'image files listed|files skipped in all|seer4j:' /tmp/seer4j-mixed-run.err || true
grep -E 'Maximum resident' /tmp/seer4j-mixed-run.err
cat /tmp/seer4j-mixed-run.out
echo "--- skipped.tsv"
cat /tmp/seer4j-mixed-run/skipped.tsv
