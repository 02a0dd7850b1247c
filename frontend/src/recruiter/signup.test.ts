import { describe, expect, it, beforeAll } from 'vitest';
import { passwordProblems } from './SignUp';
import { LANGS, loadLang, translate } from '../i18n';

describe('the sign-up page', () => {
  beforeAll(async () => { for (const l of LANGS) await loadLang(l); });
  it('shows what the password still misses, as the pool policy checks it', () => {
    expect(passwordProblems('short')).toEqual(['signup.pwLength', 'signup.pwCase', 'signup.pwDigit', 'signup.pwSymbol']);
    expect(passwordProblems('longenough-but-lower1')).toEqual(['signup.pwCase']);
    expect(passwordProblems('Fresh-start-2031!')).toEqual([]);
  });
  it('counts the tries left for a code in each language', () => {
    expect(translate('en', 'signup.codeWrong', { n: 1 })).toBe('That code is not right. 1 more try for this code.');
    expect(translate('en', 'signup.codeWrong', { n: 0 })).toBe('That code is not right.');
    expect(translate('ru', 'signup.codeWrong', { n: 2 })).toBe('Код неверный. Для этого кода осталось 2 попытки.');
    expect(translate('ru', 'signup.codeWrong', { n: 1 })).toBe('Код неверный. Для этого кода осталась 1 попытка.');
    expect(translate('de', 'onb.progress', { n: 1, total: 2 })).toBe('1 von 2 Schritten erledigt');
    expect(translate('es', 'signup.tooMany', { s: 1 })).toBe('Demasiados intentos. Vuelve a intentarlo en 1 segundo.');
  });
});
