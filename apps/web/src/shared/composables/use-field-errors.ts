import { ref } from 'vue';

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
    clear: (field: string): void => {
      if (!(field in errors.value)) return;
      errors.value = Object.fromEntries(Object.entries(errors.value).filter(([key]) => key !== field));
    },
  };
}
