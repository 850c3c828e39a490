/* Keeps the address bar in step with state changed by Ajax (a column sort), so a bookmark or a shared
   link shows the same page. Replaces the entry: sorting is not a step the back button should undo. */
var psUrl = {
  set: function (params) {
    var url = new URL(window.location.href);
    Object.keys(params).forEach(function (name) {
      url.searchParams.set(name, params[name]);
    });
    window.history.replaceState(window.history.state, '', url.toString());
  }
};
