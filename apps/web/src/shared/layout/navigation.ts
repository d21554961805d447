/**
 * The sidebar's sections. Each capability adds its entry (and the permission that shows it)
 * when its screens land.
 */
export interface NavigationItem {
  name: string;
  labelKey: string;
  /** Path data of a 24×24 stroke icon. */
  icon: string[];
}

export const navigation: NavigationItem[] = [{ name: 'overview', labelKey: 'common.nav.overview', icon: ['M3 12l9-8 9 8', 'M5 10v10h14V10'] }];
