/* Live tail: the page polls twice a second while the user just watches; it pauses while the user has
   scrolled down or opened a row, and goes on when they are back at the top with every row closed. */
var psTail = {
  reading: function () {
    return window.scrollY > 80 || document.querySelector('.ui-row-toggler[aria-expanded="true"]') !== null;
  },
  check: function () {
    var poll = window.PrimeFaces && PrimeFaces.widgets.tailPoll;
    var label = document.getElementById('tailLabel');
    if (!poll || !label) {
      return;
    }
    if (psTail.reading()) {
      if (poll.isActive()) {
        poll.stop();
      }
      label.textContent = 'paused while you scroll or read a row';
      label.className = 'ps-tail-paused';
    } else {
      if (!poll.isActive()) {
        poll.start();
      }
      label.textContent = 'following new records';
      label.className = 'ps-tail-on';
    }
  }
};
window.addEventListener('scroll', psTail.check, {passive: true});
// rows open and close with animations and Ajax: look again a few times a second as well
window.setInterval(psTail.check, 300);
