/**
 * Server-side validation of the Discord limits papershelf must respect. The emulator
 * rejects violations with the same 400 / 50035 "Invalid Form Body" Discord sends, so
 * the bot's own limit enforcement is exercised for real rather than trusted.
 *
 * Lengths are counted in UTF-16 code units (`string.length`): never more lenient than
 * Discord, which counts characters.
 */
import { ApiError, FormErrors, isRecord } from './errors.js';

type Path = readonly (string | number)[];

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  embedFieldName: 256,
  embedFieldValue: 1024,
  embedFooterText: 2048,
  embedAuthorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  selectPlaceholder: 150,
  selectOptionText: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  commands: 100,
} as const;

const FLAG_IS_COMPONENTS_V2 = 1 << 15;
const BUTTON_STYLE_LINK = 5;
const BUTTON_STYLE_PREMIUM = 6;

function checkString(errors: FormErrors, value: unknown, path: Path, max: number, required: boolean): number {
  if (value === undefined || value === null) {
    if (required) errors.required(path);
    return 0;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return 0;
  }
  if (required && value.length === 0) errors.add(path, 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
  if (value.length > max) errors.maxLength(path, max);
  return value.length;
}

function checkUrl(errors: FormErrors, value: unknown, path: Path): void {
  if (value === undefined || value === null) return;
  let ok = false;
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      ok = ['http:', 'https:', 'attachment:'].includes(url.protocol);
    } catch {
      ok = false;
    }
  }
  if (!ok) errors.add(path, 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
}

function checkEmbed(errors: FormErrors, embed: unknown, path: Path): number {
  if (!isRecord(embed)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return 0;
  }
  let total = 0;
  total += checkString(errors, embed['title'], [...path, 'title'], LIMITS.embedTitle, false);
  total += checkString(errors, embed['description'], [...path, 'description'], LIMITS.embedDescription, false);
  checkUrl(errors, embed['url'], [...path, 'url']);
  const color = embed['color'];
  if (color !== undefined && color !== null && (typeof color !== 'number' || !Number.isInteger(color) || color < 0 || color > 0xffffff)) {
    errors.add([...path, 'color'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 16777215.');
  }
  const fields = embed['fields'];
  if (Array.isArray(fields)) {
    if (fields.length > LIMITS.embedFields) errors.maxLength([...path, 'fields'], LIMITS.embedFields);
    fields.forEach((field: unknown, i) => {
      const fieldPath = [...path, 'fields', i];
      if (!isRecord(field)) {
        errors.add(fieldPath, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
        return;
      }
      total += checkString(errors, field['name'], [...fieldPath, 'name'], LIMITS.embedFieldName, true);
      total += checkString(errors, field['value'], [...fieldPath, 'value'], LIMITS.embedFieldValue, true);
    });
  }
  const footer = embed['footer'];
  if (isRecord(footer)) total += checkString(errors, footer['text'], [...path, 'footer', 'text'], LIMITS.embedFooterText, true);
  const author = embed['author'];
  if (isRecord(author)) {
    total += checkString(errors, author['name'], [...path, 'author', 'name'], LIMITS.embedAuthorName, true);
    checkUrl(errors, author['url'], [...path, 'author', 'url']);
  }
  return total;
}

function checkComponent(errors: FormErrors, component: unknown, path: Path, customIds: Set<string>, v2: boolean): void {
  if (!isRecord(component)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  const customId = component['custom_id'];
  if (customId !== undefined) {
    checkString(errors, customId, [...path, 'custom_id'], LIMITS.customId, true);
    if (typeof customId === 'string') {
      if (customIds.has(customId)) {
        errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      }
      customIds.add(customId);
    }
  }
  const type = component['type'];
  const children = component['components'];
  if (type === 1) {
    if (!Array.isArray(children) || children.length === 0) {
      errors.add([...path, 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
    } else {
      if (children.length > LIMITS.rowComponents) errors.maxLength([...path, 'components'], LIMITS.rowComponents);
      children.forEach((child: unknown, i) => checkComponent(errors, child, [...path, 'components', i], customIds, v2));
    }
    return;
  }
  if (type === 2) {
    checkString(errors, component['label'], [...path, 'label'], LIMITS.buttonLabel, false);
    const style = component['style'];
    if (style === BUTTON_STYLE_LINK) {
      if (customId !== undefined)
        errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be provided for link buttons');
      if (component['url'] === undefined)
        errors.add([...path, 'url'], 'BUTTON_COMPONENT_URL_REQUIRED', 'A url must be provided for link buttons');
      else checkUrl(errors, component['url'], [...path, 'url']);
    } else if (style !== BUTTON_STYLE_PREMIUM && customId === undefined) {
      errors.add([...path, 'custom_id'], 'BUTTON_COMPONENT_CUSTOM_ID_REQUIRED', 'A custom id is required');
    }
    return;
  }
  if (type === 3 || type === 5 || type === 6 || type === 7 || type === 8) {
    if (customId === undefined) errors.required([...path, 'custom_id']);
    checkString(errors, component['placeholder'], [...path, 'placeholder'], LIMITS.selectPlaceholder, false);
    const options = component['options'];
    if (type === 3) {
      if (!Array.isArray(options) || options.length === 0) {
        errors.add([...path, 'options'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
      } else {
        if (options.length > LIMITS.selectOptions) errors.maxLength([...path, 'options'], LIMITS.selectOptions);
        options.forEach((option: unknown, i) => {
          const optionPath = [...path, 'options', i];
          if (!isRecord(option)) return;
          checkString(errors, option['label'], [...optionPath, 'label'], LIMITS.selectOptionText, true);
          checkString(errors, option['value'], [...optionPath, 'value'], LIMITS.selectOptionText, true);
          checkString(errors, option['description'], [...optionPath, 'description'], LIMITS.selectOptionText, false);
        });
      }
    }
    return;
  }
  // Components v2 layouts (sections, containers...): only walk children for custom ids.
  if (v2 && Array.isArray(children)) {
    children.forEach((child: unknown, i) => checkComponent(errors, child, [...path, 'components', i], customIds, v2));
  }
  const accessory = component['accessory'];
  if (v2 && accessory !== undefined) checkComponent(errors, accessory, [...path, 'accessory'], customIds, v2);
}

export interface MessageBodyCheck {
  /** Creating a message (not editing): an empty one is refused with 50006. */
  creating: boolean;
  /** How many attachments accompany the body (multipart uploads count as content). */
  fileCount?: number;
}

/**
 * Validates a message-shaped body (channel message, interaction response data, webhook
 * message). `prefix` is where the body sits in the request (e.g. ['data'] for callbacks),
 * so error paths match what Discord reports.
 */
export function validateMessageBody(body: Record<string, unknown>, prefix: Path, check: MessageBodyCheck): void {
  const errors = new FormErrors();
  checkString(errors, body['content'], [...prefix, 'content'], LIMITS.content, false);

  const embeds = body['embeds'];
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) {
      errors.add([...prefix, 'embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    } else {
      if (embeds.length > LIMITS.embeds) errors.maxLength([...prefix, 'embeds'], LIMITS.embeds);
      let total = 0;
      embeds.forEach((embed: unknown, i) => {
        total += checkEmbed(errors, embed, [...prefix, 'embeds', i]);
      });
      if (total > LIMITS.embedTotal) {
        errors.add([...prefix, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
      }
    }
  }

  const components = body['components'];
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  const v2 = (flags & FLAG_IS_COMPONENTS_V2) !== 0;
  if (components !== undefined && components !== null) {
    if (!Array.isArray(components)) {
      errors.add([...prefix, 'components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    } else {
      if (!v2 && components.length > LIMITS.actionRows) errors.maxLength([...prefix, 'components'], LIMITS.actionRows);
      const customIds = new Set<string>();
      components.forEach((component: unknown, i) => {
        if (!v2 && isRecord(component) && component['type'] !== 1) {
          errors.add([...prefix, 'components', i, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
          return;
        }
        checkComponent(errors, component, [...prefix, 'components', i], customIds, v2);
      });
    }
  }

  const allowed = body['allowed_mentions'];
  if (isRecord(allowed) && Array.isArray(allowed['parse'])) {
    allowed['parse'].forEach((kind: unknown, i) => {
      if (kind !== 'users' && kind !== 'roles' && kind !== 'everyone') {
        errors.add([...prefix, 'allowed_mentions', 'parse', i], 'ENUM_TYPE_COERCE', `Value "${String(kind)}" is not a valid enum value.`);
      }
    });
  }

  errors.throwIfAny();

  if (check.creating) {
    const hasContent = typeof body['content'] === 'string' && body['content'].length > 0;
    const hasEmbeds = Array.isArray(embeds) && embeds.length > 0;
    const hasComponents = Array.isArray(components) && components.length > 0;
    const hasOther = (check.fileCount ?? 0) > 0 || Array.isArray(body['sticker_ids']) || body['poll'] !== undefined;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasOther) throw new ApiError(400, 50006);
  }
}

/** APPLICATION_COMMAND_AUTOCOMPLETE_RESULT data: at most 25 choices, names ≤100. */
export function validateChoices(data: unknown, prefix: Path): void {
  const errors = new FormErrors();
  const choices = isRecord(data) ? data['choices'] : undefined;
  if (!Array.isArray(choices)) {
    errors.required([...prefix, 'choices']);
  } else {
    if (choices.length > LIMITS.choices) errors.maxLength([...prefix, 'choices'], LIMITS.choices);
    choices.forEach((choice: unknown, i) => checkChoice(errors, choice, [...prefix, 'choices', i]));
  }
  errors.throwIfAny();
}

function checkChoice(errors: FormErrors, choice: unknown, path: Path): void {
  if (!isRecord(choice)) {
    errors.add(path, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    return;
  }
  checkString(errors, choice['name'], [...path, 'name'], LIMITS.choiceName, true);
  const value = choice['value'];
  if (typeof value === 'string') checkString(errors, value, [...path, 'value'], LIMITS.choiceValue, true);
  else if (typeof value !== 'number') errors.required([...path, 'value']);
}

// Discord's documented name pattern for chat-input commands and options (lowercase only).
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function checkCommandName(errors: FormErrors, name: unknown, path: Path, chatInput: boolean): void {
  checkString(errors, name, path, LIMITS.commandName, true);
  if (chatInput && typeof name === 'string' && (!COMMAND_NAME.test(name) || name !== name.toLowerCase())) {
    errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  }
}

function checkCommandOptions(errors: FormErrors, options: unknown, path: Path): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (options.length > LIMITS.commandOptions) errors.maxLength(path, LIMITS.commandOptions);
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((option: unknown, i) => {
    const optionPath = [...path, i];
    if (!isRecord(option)) {
      errors.add(optionPath, 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    checkCommandName(errors, option['name'], [...optionPath, 'name'], true);
    checkString(errors, option['description'], [...optionPath, 'description'], LIMITS.commandDescription, true);
    const name = option['name'];
    if (typeof name === 'string') {
      if (names.has(name))
        errors.add([...optionPath, 'name'], 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', 'Option names must be unique');
      names.add(name);
    }
    const type = option['type'];
    if (typeof type !== 'number' || !Number.isInteger(type) || type < 1 || type > 11) {
      errors.add([...optionPath, 'type'], 'BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.');
      return;
    }
    if (type === 1 || type === 2) {
      checkCommandOptions(errors, option['options'], [...optionPath, 'options']);
      return;
    }
    if (option['required'] === true) {
      if (sawOptional) {
        errors.add(
          optionPath,
          'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          'Required options must be placed before non-required options',
        );
      }
    } else {
      sawOptional = true;
    }
    const choices = option['choices'];
    if (Array.isArray(choices)) {
      if (choices.length > LIMITS.choices) errors.maxLength([...optionPath, 'choices'], LIMITS.choices);
      choices.forEach((choice: unknown, c) => checkChoice(errors, choice, [...optionPath, 'choices', c]));
      if (option['autocomplete'] === true && choices.length > 0) {
        errors.add(
          [...optionPath, 'autocomplete'],
          'APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES',
          'Autocomplete cannot be enabled on options with choices',
        );
      }
    }
  });
}

/** Body of PUT .../commands (bulk overwrite) or one element of it. */
export function validateCommands(body: unknown): Record<string, unknown>[] {
  const errors = new FormErrors();
  if (!Array.isArray(body)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    errors.throwIfAny();
    return [];
  }
  if (body.length > LIMITS.commands) errors.maxLength([], LIMITS.commands);
  const seen = new Set<string>();
  const commands: Record<string, unknown>[] = [];
  body.forEach((command: unknown, i) => {
    if (!isRecord(command)) {
      errors.add([i], 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
      return;
    }
    const type = command['type'] ?? 1;
    const chatInput = type === 1;
    checkCommandName(errors, command['name'], [i, 'name'], chatInput);
    if (chatInput) {
      checkString(errors, command['description'], [i, 'description'], LIMITS.commandDescription, true);
      checkCommandOptions(errors, command['options'], [i, 'options']);
    }
    const key = `${JSON.stringify(type)}:${String(command['name'])}`;
    if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', 'Application command names must be unique');
    seen.add(key);
    commands.push(command);
  });
  errors.throwIfAny();
  return commands;
}
