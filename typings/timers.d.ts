// @douyin-microapp/typings declares setTimeout/setInterval but not their clear* twins,
// which the Douyin runtime does provide.
declare function clearTimeout(id: number | undefined): void;
declare function clearInterval(id: number | undefined): void;
