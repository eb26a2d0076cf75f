// Seeks on a chapter or a sentence (click, or Enter/Space on a focused sentence); marks the
// sentence whose [start, end) holds currentTime, for the eye (.current) and for screen readers
// (aria-current).
for (const episode of document.querySelectorAll('.episode')) {
  const audio = episode.querySelector('audio');
  const cues = [...episode.querySelectorAll('.cue')];
  const seek = (element) => {
    audio.currentTime = parseFloat(element.dataset.start);
    audio.play().catch(() => {});
  };
  for (const element of episode.querySelectorAll('[data-start]')) {
    element.addEventListener('click', (event) => seek(event.currentTarget));
    if (element.getAttribute('role') === 'button') {
      element.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          seek(event.currentTarget);
        }
      });
    }
  }
  let current = null;
  const mark = () => {
    const t = audio.currentTime;
    const found = cues.find((c) => t >= parseFloat(c.dataset.start) && t < parseFloat(c.dataset.end)) || null;
    if (found === current) return;
    if (current) {
      current.classList.remove('current');
      current.removeAttribute('aria-current');
    }
    if (found) {
      found.classList.add('current');
      found.setAttribute('aria-current', 'true');
    }
    current = found;
  };
  audio.addEventListener('timeupdate', mark);
  audio.addEventListener('seeked', mark);
}
