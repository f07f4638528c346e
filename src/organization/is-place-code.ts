import { ValidateBy, ValidationOptions } from 'class-validator';
import { placeCodeProblem } from './region-code';

/**
 * A person's household or residence place code (PER-4): a GB/T 2260 township (9 digits) or village (12 digits)
 * code. The message is the zh-CN reason of placeCodeProblem (BAD_USER_INPUT with the field).
 */
export function IsPlaceCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPlaceCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && placeCodeProblem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' ? placeCodeProblem(args.value) : null) ?? '须为 9 位（乡镇）或 12 位（村居）行政区划代码',
      },
    },
    options,
  );
}
