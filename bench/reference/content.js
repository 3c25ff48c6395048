// The least a content script can do: the desktop's accept event → one message to the worker.
// Only the reference desktop URL matches, so the extension under test never sees these events.
window.addEventListener('cobrowse:chat-accepted', (event) => {
  chrome.runtime.sendMessage({ type: 'chat-accepted', conversationId: event.detail.conversationId });
});
