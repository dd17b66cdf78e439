// Home. Entry for people who open the mini-program without a room link.
Page({
  data: {},
});
