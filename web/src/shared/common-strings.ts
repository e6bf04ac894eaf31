import type { Strings } from './i18n.js';

/** Words every staff page uses. */
export const commonStrings: Strings<'loading' | 'failed' | 'retry' | 'cancel' | 'save' | 'delete' | 'edit' | 'close' | 'confirmDelete'> = {
  zh: { loading: '加载中…', failed: '出错了：{message}', retry: '重试', cancel: '取消', save: '保存', delete: '删除', edit: '编辑', close: '关闭', confirmDelete: '确定删除“{name}”吗？' },
  en: { loading: 'Loading…', failed: 'Something went wrong: {message}', retry: 'Retry', cancel: 'Cancel', save: 'Save', delete: 'Delete', edit: 'Edit', close: 'Close', confirmDelete: 'Delete “{name}”?' },
};
