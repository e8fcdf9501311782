/** The words a person reads in a piece of server-rendered HTML. */
export const text = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<\/?(?:a|span|strong|em|code)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
