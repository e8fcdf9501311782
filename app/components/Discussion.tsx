import { Form } from 'react-router';

export type Comment = { id: number; author: string; at: string; body: string /** e.g. "on v2": what the comment was about. */; about?: string };

/** A record's discussion: comments oldest first, and the form to add one (append-only). */
export function Discussion({ comments, mayComment, error }: { comments: Comment[]; mayComment: boolean; error?: string }) {
  return (
    <section aria-labelledby="discussion">
      <h2 id="discussion">Discussion</h2>
      {comments.length === 0 ? (
        <p className="empty">No comments yet.</p>
      ) : (
        <ol className="comments">
          {comments.map((c) => (
            <li key={c.id}>
              <strong>{c.author}</strong>{' '}
              <span className="muted">
                {c.about ? `${c.about}, ` : ''}
                {c.at.slice(0, 16).replace('T', ' ')}
              </span>
              <p>{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      {mayComment && (
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="comment" />
          <div className={`field${error ? ' has-error' : ''}`}>
            <label htmlFor="body">Add a comment</label>
            <textarea id="body" name="body" rows={3} aria-invalid={error ? true : undefined} aria-describedby={error ? 'body-error' : undefined} />
            {error && (
              <p id="body-error" className="field-error">
                {error}
              </p>
            )}
          </div>
          <p className="hint">Comments cannot be edited or deleted; add another to correct one.</p>
          <button type="submit">Comment</button>
        </Form>
      )}
    </section>
  );
}
