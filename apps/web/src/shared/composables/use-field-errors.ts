import { ref } from 'vue';
import { ApiRequestError } from '../api/client';

/**
 * A form's field-level messages (from ApiRequestError.fieldErrors or the form's own checks). A
 * field's message goes away as soon as the user edits that field.
 */
export function useFieldErrors() {
  const errors = ref<Record<string, string[]>>({});
  return {
    errors,
    of: (field: string): string[] => errors.value[field] ?? [],
    set: (next: Record<string, string[]>): void => {
      errors.value = next;
    },
    /** Shows the server's field-level messages of a 400 answer; false when the error has none. */
    takeFrom: (caught: unknown): boolean => {
      if (!(caught instanceof ApiRequestError) || caught.status !== 400 || !Object.keys(caught.fieldErrors).length) return false;
      errors.value = caught.fieldErrors;
      return true;
    },
    clear: (field: string): void => {
      if (!(field in errors.value)) return;
      errors.value = Object.fromEntries(Object.entries(errors.value).filter(([key]) => key !== field));
    },
  };
}
