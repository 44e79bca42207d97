// A boosted form (the upload, "Accept all") whose answer is a page explaining a refusal or an
// error (400, 403, 409, 413) shows that page, as a plain form would. htmx swaps only successful
// answers unless told, and the user would otherwise see nothing happen.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if (event.detail.boosted && status >= 400 && status < 500) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
