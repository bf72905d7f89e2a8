const keys = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);

// Arrow keys on a focused chip move it (handled by the component); keep them from scrolling the page too.
export function init(root) {
  root.addEventListener('keydown', e => {
    if (keys.has(e.key) && e.target.closest('[data-post-id]')) {
      e.preventDefault();
    }
  });
}

export function isNarrow() {
  return window.matchMedia('(max-width: 600px)').matches;
}

export function scrollToSlot(root, slot) {
  const el = root.querySelector(`[data-slot="${slot}"]`);
  const box = root.querySelector('.so-cal-week-scroll');
  if (el && box) {
    box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 24;
  }
}
